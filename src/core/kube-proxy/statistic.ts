/**
 * The `--probability` value kube-proxy writes for the i-th of n endpoint rules: 1/(n-i), so
 * that each endpoint is chosen with probability 1/n overall. Go's `%0.10f`: exactly ten
 * decimals, rounded to nearest with ties to even (`0.5000000000`, `0.3333333333`,
 * `0.1666666667`).
 */
export function probabilityText(remaining: number): string {
  // 1/n for a power of two is exact in binary and can end in a 5 beyond the tenth decimal
  // (1/2048 = 0.00048828125): round that tie to even as Go does. Any other 1/n is never a tie,
  // and toFixed rounds the double's exact value correctly.
  if ((remaining & (remaining - 1)) === 0) {
    const scale = 10n ** 10n;
    const n = BigInt(remaining);
    let q = scale / n;
    const twice = (scale % n) * 2n;
    if (twice > n || (twice === n && q % 2n === 1n)) q += 1n;
    const digits = q.toString().padStart(11, '0');
    return `${digits.slice(0, -10)}.${digits.slice(-10)}`;
  }
  return (1 / remaining).toFixed(10);
}
