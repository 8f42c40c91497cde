import { describe, expect, it } from "vitest";
import { checkWorkspaceHost } from "@/lib/databricks/workspace-host";

const accept = (input: string, allowed: string[] = []) => {
  const check = checkWorkspaceHost(input, allowed);
  return check.ok ? check.value.origin : check.reason;
};

describe("workspace host guard", () => {
  it("accepts Databricks workspace hosts by name, in every cloud and region", () => {
    for (const host of [
      "dbc-a1b2c3d4-e5f6.cloud.databricks.com",
      "adb-1234567890123456.7.azuredatabricks.net",
      "1234567890123456.7.gcp.databricks.com",
      "dbc-1.cloud.databricks.us",
      "adb-1.2.databricks.azure.cn",
      "adb-1.2.databricks.azure.us",
    ]) {
      expect(accept(`https://${host}`)).toBe(`https://${host}`);
    }
    expect(accept("  https://DBC-1.Cloud.Databricks.com/  ")).toBe("https://dbc-1.cloud.databricks.com");
  });

  it("refuses anything else, without looking it up", () => {
    const refused = [
      "http://dbc-1.cloud.databricks.com",
      "https://cloud.databricks.com",
      "https://dbc-1.cloud.databricks.com.evil.com",
      "https://evil.com/dbc-1.cloud.databricks.com",
      "https://dbc-1.cloud.databricks.com:8443",
      "https://user:pw@dbc-1.cloud.databricks.com",
      "https://dbc-1.cloud.databricks.com/sql/1.0",
      "https://dbc-1.cloud.databricks.com?x=1",
      "https://169.254.169.254",
      "https://localhost",
      "https://127.0.0.1:8443",
      "https://dbc_1.cloud.databricks.com",
      "dbc-1.cloud.databricks.com",
      "",
    ];
    for (const input of refused) expect(checkWorkspaceHost(input, []).ok, input).toBe(false);
    expect(accept("dbc-1.cloud.databricks.com")).toMatch(/https:\/\//);
  });

  it("accepts a host listed in ALLOWED_WORKSPACE_HOSTS, port included", () => {
    expect(accept("https://127.0.0.1:8443", ["127.0.0.1:8443"])).toBe("https://127.0.0.1:8443");
    expect(checkWorkspaceHost("https://127.0.0.1:9443", ["127.0.0.1:8443"]).ok).toBe(false);
  });
});
