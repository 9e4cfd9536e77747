// Lint: typescript-eslint + eslint-plugin-regexp. Every regex runs on untrusted input, so
// super-linear backtracking is an error, not a warning.
import regexp from "eslint-plugin-regexp";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["**/dist/**", "**/dist-bundle/**", "**/node_modules/**", ".nx/**", "**/*.d.ts", "**/generated/**"] },
  ...tseslint.configs.recommended,
  regexp.configs["flat/recommended"],
  {
    rules: {
      "regexp/no-super-linear-backtracking": "error",
      "regexp/no-super-linear-move": "error",
      // Scanners match control characters on purpose (ANSI codes, pickle opcodes).
      "no-control-regex": "off",
      "@typescript-eslint/consistent-type-imports": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
);
