/** Money in the pack's currency, rounded to cents once, where a figure is reported. */
export const money = (n: number): number => Math.round(n * 100) / 100;

/** A fraction (savings, probabilities) rounded to `decimals` places for the answer. */
export const roundFraction = (n: number, decimals: number): number => {
  const scale = 10 ** decimals;
  return Math.round(n * scale) / scale;
};
