/**
 * When the last preset run's pipeline started and ended (process.hrtime.bigint()), for
 * `npm run bench`, which times main() in a fresh process and reports the pipeline's share of it:
 * from validating the parsed preset to the rendered, parsed-back files (issue 9). Two clock reads
 * a run; nothing reads them in the CLI itself.
 */
export const pipelinePhase: { start?: bigint; end?: bigint } = {};
