/** The reachability view's controls, on the row of the view tabs: the question, the filters, the state. */
import { MatrixFilters } from './MatrixFilters';
import { MatrixStatusLine } from './MatrixStatusLine';
import { QueryBar } from './QueryBar';

export function MatrixToolbar() {
  return (
    <div className="reach-toolbar">
      <QueryBar />
      <MatrixFilters />
      <MatrixStatusLine />
    </div>
  );
}
