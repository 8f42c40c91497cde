// `/Volumes/<catalog>/<schema>/<volume>/<path>` names, and where their files are kept.
import path from "node:path";
import { sqlErrors } from "./errors.ts";
import type { ObjectName } from "./unity-catalog.ts";

export type VolumePath = { volume: ObjectName; relative: string; localPath: string; display: string };

export function parseVolumePath(volumePath: string, volumesDir: string): VolumePath {
  const match = /^\/Volumes\/([^/]+)\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(volumePath);
  if (!match)
    throw sqlErrors.invalidPath(
      `'${volumePath}' is not a volume path (/Volumes/<catalog>/<schema>/<volume>/...).`,
    );
  // Catalog, schema and volume names are case-insensitive; the path within the volume is not.
  const [catalog, schema, name] = match.slice(1, 4).map((part) => part!.toLowerCase());
  const rest = match[4] ?? "";
  const relative = path.posix.normalize(rest || ".").replace(/\/$/, "");
  if (relative === ".." || relative.startsWith("../") || path.posix.isAbsolute(relative)) {
    throw sqlErrors.invalidPath(`'${volumePath}' leaves its volume.`);
  }
  const localPath = path.join(volumesDir, catalog!, schema!, name!, relative === "." ? "" : relative);
  return {
    volume: { catalog: catalog!, schema: schema!, name: name! },
    relative: relative === "." ? "" : relative,
    localPath,
    display: volumePath.replace(/\/$/, ""),
  };
}
