/** Under the matrix: what the cell under the pointer says, without waiting for its tooltip. */
interface Props {
  /** The cell's tooltip: the pair, then one fact per line. */
  readonly title: string | undefined;
}

export function CellDetail({ title }: Props) {
  if (title === undefined) {
    return (
      <p className="reach-detail" data-testid="reach-detail">
        Hover a cell for the connections it allows; click one to trace that flow.
      </p>
    );
  }
  const [pair, ...facts] = title.split('\n');
  return (
    <p className="reach-detail" data-testid="reach-detail">
      <span className="detail-pair">{pair}</span>
      {facts.map((fact) => (
        <span key={fact}>{fact}</span>
      ))}
    </p>
  );
}
