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
