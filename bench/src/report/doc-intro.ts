/** The head of docs/benchmarks.md when the harness creates it; later runs only touch their sections. */
export const DOC_INTRO = `# Benchmarks

Every figure below was measured by \`npm run bench -- <scenario>\` and written here by the
harness (the blocks between \`<!-- bench:... -->\` markers are regenerated on every run; the
text outside them is written by people). Each scenario measures its physical baseline in
the same run, on the same machine, and reports the ratio, so a number is never read
without the ceiling it sits under.
`;
