// `npm run demo:events`: a realistic stream for the demo project, sent through the official
// @amplitude/analytics-node SDK to the running portal (PORTAL_URL, default http://127.0.0.1:3000).
// Several devices and users, sessions, and identifies that merge anonymous devices into users.
import { Identify, createInstance } from "@amplitude/analytics-node";

const portal = (process.env.PORTAL_URL ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const apiKey = process.env.DEMO_API_KEY || "d3a1a0f1e5c2b4a6d8e0f2a4c6e8b0d2";
const users = ["ada@acme.test", "grace@acme.test", "linus@acme.test", "margaret@acme.test"];
const pages = ["/", "/pricing", "/docs", "/blog/delta-lake", "/signup"];
const platforms = [
  { platform: "Web", os_name: "Chrome", os_version: "131", device_model: "Mac" },
  { platform: "iOS", os_name: "ios", os_version: "18.1", device_model: "iPhone16,1" },
  { platform: "Android", os_name: "android", os_version: "15", device_model: "Pixel 9" },
];

const amplitude = createInstance();
await amplitude.init(apiKey, {
  serverUrl: `${portal}/2/httpapi`,
  flushQueueSize: 100,
  flushIntervalMillis: 500,
  logLevel: 1,
}).promise;

let sent = 0;
const now = Date.now();
for (let d = 0; d < 12; d++) {
  const device_id = `demo-device-${String(d).padStart(3, "0")}`;
  const user = users[d % users.length]!;
  const context = {
    device_id,
    ...platforms[d % platforms.length]!,
    country: ["Germany", "France", "United States"][d % 3],
    city: ["Berlin", "Paris", "Austin"][d % 3],
    language: "en",
  };
  // Each device browses anonymously first, then signs in: its id merges into the user's.
  for (let s = 0; s < 2; s++) {
    const session_id = now - (12 - d) * 3_600_000 + s * 600_000;
    for (let p = 0; p < 4; p++) {
      const time = session_id + p * 20_000;
      const signedIn = s === 1 && p > 0;
      amplitude.track(
        "Page Viewed",
        { path: pages[(d + p) % pages.length], referrer: p ? "internal" : "google" },
        {
          ...context,
          session_id,
          time,
          ...(signedIn ? { user_id: user } : {}),
          insert_id: `${device_id}-${s}-${p}`,
        },
      );
      sent++;
    }
    if (s === 1) {
      const identify = new Identify().set("plan", d % 3 ? "free" : "pro").add("logins", 1);
      amplitude.identify(identify, { ...context, user_id: user, session_id, time: session_id + 10_000 });
      amplitude.track(
        "Signed In",
        { method: d % 2 ? "password" : "sso" },
        { ...context, user_id: user, session_id, time: session_id + 11_000 },
      );
      sent += 2;
    }
  }
  if (d % 4 === 0) {
    amplitude.track(
      "Order Completed",
      { items: 2 + (d % 3) },
      {
        ...context,
        user_id: user,
        price: 49,
        quantity: 1,
        revenue: 49,
        productId: "pro-plan",
        time: now - 60_000,
      },
    );
    sent++;
  }
}
await amplitude.flush().promise;
console.log(
  `Sent ${sent} events for 12 devices and ${users.length} users to ${portal}/2/httpapi (demo project "Acme Web").`,
);
