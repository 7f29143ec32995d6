/**
 * `promise`, or a rejection naming `what` once `ms` pass first (the promise itself is not
 * cancelled: a caller that must stop the work passes it an AbortSignal as well). One copy
 * for the freshness monitor's store reads and the bench's cleanup steps.
 */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
