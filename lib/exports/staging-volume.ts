// Each destination stages its files in a volume of its own, created (and so owned) by its
// service principal, so that two service principals never need each other's privileges.

export function stagingVolumeName(destinationId: string): string {
  return `deltaport_${destinationId.toLowerCase()}`;
}
