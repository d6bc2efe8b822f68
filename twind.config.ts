import { defineConfig, type Preset } from "@twind/core";
import presetTailwind from "@twind/preset-tailwind";
import presetAutoprefix from "@twind/preset-autoprefix";

export default {
  ...defineConfig({
    presets: [presetAutoprefix() as Preset, presetTailwind() as Preset],
  }),
  selfURL: import.meta.url,
};
