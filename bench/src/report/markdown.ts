import type { ProfileSummary, ScenarioResult } from './scenario-result';
import { formatCell, renderMarkdownTable } from './table';
import { describeTarget, verdict } from './targets';

/** The generated part of a scenario's section in docs/benchmarks.md. */
export function renderScenarioSection(result: ScenarioResult): string {
  const parts = [renderRunLine(result)];
  if (result.status !== 'ok') {
    parts.push(`**Did not complete (${result.status}):** ${result.error ?? 'no reason recorded'}`);
    parts.push('No figures are shown for this scenario until it runs to the end.');
    return parts.join('\n\n');
  }
  if (result.targets.length > 0) parts.push('**Targets**', renderTargets(result));
  for (const table of result.tables) parts.push(`**${table.title}**`, renderMarkdownTable(table));
  if (result.notes.length > 0) parts.push(result.notes.map((n) => `- ${n}`).join('\n'));
  for (const profile of result.profiles) parts.push(renderProfile(profile));
  return parts.join('\n\n');
}

export function renderRunLine(result: ScenarioResult): string {
  const { run, machine } = result;
  const tree = run.dirty ? ' (services built from a working tree with uncommitted changes)' : '';
  return [
    `_Run ${run.startedAt} · commit \`${run.commit}\`${tree} · \`${run.command}\` · ${formatCell(run.durationSeconds)} s_  `,
    `_Machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${formatCell(machine.memoryGiB)} GiB RAM, Node ${machine.node}, ${machine.postgres}, ${machine.platform}; load average ${formatCell(run.loadAverage.start)} at start, ${formatCell(run.loadAverage.end)} at end_`,
  ].join('\n');
}

function renderTargets(result: ScenarioResult): string {
  return renderMarkdownTable({
    columns: ['target', 'source', 'measured', 'verdict', 'baseline (same run)', 'ratio to baseline'],
    rows: result.targets.map((t) => [
      describeTarget(t),
      t.source,
      t.measured === null ? null : `${formatCell(t.measured)} ${t.unit}`.trim(),
      verdict(t),
      t.baseline ? `${t.baseline.label}: ${formatCell(t.baseline.value)} ${t.unit}`.trim() : null,
      t.ratio === null ? null : `${formatCell(t.ratio)}×`,
    ]),
  });
}

function renderProfile(profile: ProfileSummary): string {
  const areas = profile.byArea.map((a) => `${a.area} ${formatCell(a.percent)} %`).join(', ');
  return [
    `**CPU profile of ${profile.process}** (${profile.window}): busy ${formatCell(profile.busyPercent)} % of the time (${formatCell(profile.totalMs)} ms on CPU). By area: ${areas}.`,
    renderMarkdownTable({
      columns: ['top self-time frames', 'self ms', '% of busy'],
      rows: profile.topFrames.map((f) => [`\`${f.frame}\``, f.selfMs, f.percent]),
    }),
  ].join('\n\n');
}

const begin = (scenario: string) => `<!-- bench:${scenario}:begin -->`;
const end = (scenario: string) => `<!-- bench:${scenario}:end -->`;

/**
 * Replaces the generated block of one scenario, leaving everything else (other
 * scenarios, hand-written analysis) untouched. A scenario seen for the first time gets a
 * new section at the end.
 */
export function upsertSection(doc: string, scenario: string, heading: string, body: string): string {
  const open = begin(scenario);
  const close = end(scenario);
  const start = doc.indexOf(open);
  const stop = doc.indexOf(close);
  if (start !== -1 && stop > start) {
    return `${doc.slice(0, start + open.length)}\n${body}\n${doc.slice(stop)}`;
  }
  const separator = doc.length === 0 || doc.endsWith('\n\n') ? '' : doc.endsWith('\n') ? '\n' : '\n\n';
  return `${doc}${separator}## ${heading}\n\n${open}\n${body}\n${close}\n`;
}
