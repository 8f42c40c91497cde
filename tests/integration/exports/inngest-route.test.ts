import { NextRequest } from "next/server";
import { describe, expect, it } from "vitest";
import { GET, POST, PUT } from "@/app/api/inngest/route";

// Where Inngest is not configured (no event key, no dev server: the local runner runs the
// exports), /api/inngest does not exist (issue 14, item 11): nobody can register functions or
// post step results to it.

describe("/api/inngest without Inngest", () => {
  it("answers 404 to every method", async () => {
    const context = { params: Promise.resolve({}) };
    for (const [method, handler] of [
      ["GET", GET],
      ["POST", POST],
      ["PUT", PUT],
    ] as const) {
      const response = await handler(
        new NextRequest("http://127.0.0.1:3000/api/inngest?fnId=deltaport-export-destination&stepId=step", {
          method,
          ...(method === "GET" ? {} : { body: "{}" }),
        }),
        context,
      );
      expect(response.status, method).toBe(404);
    }
  });
});
