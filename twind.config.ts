import { defineConfig, type Preset } from "@twind/core";
import presetTailwind from "@twind/preset-tailwind";
import presetAutoprefix from "@twind/preset-autoprefix";

/**
 * The site's look in one place: Tailwind's spacing and type scale as they
 * are (so spacing stays on the 4 px grid and sizes on its steps), plus a
 * serif display face for headings, which reads "restaurant" rather than
 * "dashboard", and system fonts everywhere (no web-font download).
 */
export default {
  ...defineConfig({
    presets: [presetAutoprefix() as Preset, presetTailwind() as Preset],
    rules: [
      [
        "font-display",
        {
          fontFamily:
            '"Iowan Old Style", "Palatino Linotype", Palatino, Georgia, ui-serif, serif',
        },
      ],
    ],
  }),
  selfURL: import.meta.url,
};
