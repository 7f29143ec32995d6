/** One sample of a Prometheus metric from a relay's /metrics (NaN when absent). */
export async function scrapeMetric(baseUrl: string, name: string): Promise<number> {
  const body = await (await fetch(`${baseUrl}/metrics`)).text();
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.slice(name.length + 1)) : Number.NaN;
}
