// Formatting is settled by the tool, not in review: `npm run format` writes, `npm run format:check`
// (part of `npm test`) fails on any file that differs.
/** @type {import("prettier").Config} */
const config = {
  printWidth: 110,
  plugins: ["prettier-plugin-tailwindcss"],
  // Tailwind 4 has no config file: the plugin reads the theme from the CSS entry point.
  tailwindStylesheet: "./app/globals.css",
};

export default config;
