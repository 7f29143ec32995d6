/** `<alias>-<version>`: the physical index a read alias points to. */
export function physicalIndexName(alias: string, version: string | number): string {
  return `${alias}-${version}`;
}

/** A version that sorts after every earlier one (milliseconds, zero-padded). */
export function newIndexVersion(now = Date.now()): string {
  return String(now).padStart(15, '0');
}

/** The alias marking indices being rebuilt: live writes reach them, reads do not. */
export function buildingAlias(alias: string): string {
  return `${alias}-building`;
}
