/** Share of respondents, 0–100, rounded to one decimal (0 with no respondents). */
export function percentOf(count: number, respondents: number): number {
  return respondents ? Math.round((count / respondents) * 1000) / 10 : 0;
}
