/** Appends without spreading (a spread of a very large array overflows the call stack). */
export function append<T>(target: T[], items: readonly T[]): void {
  for (const x of items) target.push(x);
}
