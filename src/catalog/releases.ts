/**
 * Every KServe release (and rc) this tool knows, from the kserve/kserve git tags v0.11.0-rc0 .. v0.20.0.
 * Only these are accepted: a version that was never released has no chart to install.
 */
export const KNOWN_RELEASES = [
  '0.11.0-rc0', '0.11.0-rc1', '0.11.0', '0.11.1', '0.11.2',
  '0.12.0-rc0', '0.12.0-rc1', '0.12.0', '0.12.1',
  '0.13.0-rc0', '0.13.0-rc1', '0.13.0', '0.13.1',
  '0.14.0-rc0', '0.14.0-rc1', '0.14.0', '0.14.1',
  '0.15.0-rc0', '0.15.0-rc1', '0.15.0', '0.15.1', '0.15.2',
  '0.16.0-rc0', '0.16.0-rc1', '0.16.0',
  '0.17.0-rc0', '0.17.0-rc1', '0.17.0', '0.17.1',
  '0.18.0-rc0', '0.18.0-rc1', '0.18.0', '0.18.1',
  '0.19.0-rc0', '0.19.0',
  '0.20.0-rc0', '0.20.0-rc1', '0.20.0',
] as const;

export const SUPPORTED_RANGE = '0.11-0.20';

/** Newest final release of each minor line, newest first (what the wizard offers). */
export function latestPerMinor(): string[] {
  const byMinor = new Map<string, string>();
  for (const v of KNOWN_RELEASES) if (!v.includes('-')) byMinor.set(v.split('.').slice(0, 2).join('.'), v);
  return [...byMinor.values()].reverse();
}
