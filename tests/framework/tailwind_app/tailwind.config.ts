import type { Config } from "tailwindcss";

/** Tailwind config of the tailwind fixture app (globs relative to here). */
export default {
  content: ["./routes.tsx"],
  theme: { extend: { colors: { brand: "#b91c1c" } } },
} satisfies Config;
