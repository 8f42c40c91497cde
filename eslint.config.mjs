import nextCoreWebVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";

const config = [
  ...nextCoreWebVitals,
  ...nextTypescript,
  {
    ignores: [
      ".next/**",
      ".data/**",
      "node_modules/**",
      "lib/generated/**",
      "next-env.d.ts",
      "test-results/**",
      "playwright-report/**",
    ],
  },
  {
    rules: {
      // process.env is read in lib/env.ts only, so that configuration is validated in one place.
      "no-restricted-properties": [
        "error",
        { object: "process", property: "env", message: "Read configuration through lib/env.ts." },
      ],
      // `const { secret, ...rest } = value` is how a field is left out on purpose.
      "@typescript-eslint/no-unused-vars": ["warn", { ignoreRestSiblings: true }],
    },
  },
  {
    // Dependencies point one way: routes → lib services → lib/db and lib/databricks;
    // destinations → exports → databricks, never back; lib never reaches into the job runner.
    rules: {
      "import/no-restricted-paths": [
        "error",
        {
          zones: [
            {
              target: ["./lib/exports", "./lib/databricks"],
              from: "./lib/destinations",
              message: "Destinations build on exports and Databricks, not the other way round.",
            },
            {
              target: "./lib/databricks",
              from: "./lib/exports",
              message: "lib/databricks is the client: it knows nothing of exports.",
            },
            {
              target: "./lib",
              from: ["./inngest", "./app", "./components"],
              message: "lib is imported by routes, components and jobs; it imports none of them.",
            },
          ],
        },
      ],
      "import/no-cycle": ["error", { ignoreExternal: true }],
    },
  },
  {
    files: [
      "lib/env.ts",
      "scripts/**",
      "tests/**",
      "prisma/**",
      "emulator/**",
      "*.config.*",
      "next.config.js",
      "instrumentation.ts",
    ],
    rules: { "no-restricted-properties": "off" },
  },
];

export default config;
