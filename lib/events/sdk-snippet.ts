// How to send events: the official Node SDK pointed at this portal.

export function nodeSdkSnippet(portalUrl: string, apiKey: string | null): string {
  return [
    `import { init, track } from "@amplitude/analytics-node";`,
    ``,
    `init("${apiKey ?? "<PROJECT_API_KEY>"}", { serverUrl: "${portalUrl}/2/httpapi" });`,
    `track("Button Clicked", { button: "signup" }, { device_id: "device-12345", user_id: "user@example.com" });`,
  ].join("\n");
}

export function curlSnippet(portalUrl: string, apiKey: string | null): string {
  const body = JSON.stringify({
    api_key: apiKey ?? "<PROJECT_API_KEY>",
    events: [{ event_type: "Button Clicked", device_id: "device-12345" }],
  });
  return `curl -X POST ${portalUrl}/2/httpapi \\\n  -H 'Content-Type: application/json' \\\n  -d '${body}'`;
}
