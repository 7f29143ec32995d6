/**
 * Runs before each int/e2e test file. With no Datadog agent configured, the services leave
 * tracing off (libs/observability/src/tracing.ts), but dd-trace, when DD_TRACE_ENABLED is
 * unset, still loads its whole tracer and hooks every later `require`: about 0.3 s more CPU
 * per service process started, and the suite starts dozens. Saying `false` when the services
 * would decide "off" anyway changes nothing they do and spawns them cheaper; specs that test
 * tracing set DD_TRACE_ENABLED=true for their processes, and a configured agent is left alone.
 */
if (!process.env.DD_TRACE_ENABLED && !process.env.DD_AGENT_HOST && !process.env.DD_TRACE_AGENT_URL) {
  process.env.DD_TRACE_ENABLED = 'false';
}
