/**
 * `$fresh/plugins/tailwind.ts`: Tailwind CSS (the `tailwindcss` v3 npm
 * package, run as a PostCSS plugin with autoprefixer), as Fresh 1.7 offers.
 *
 * - The Tailwind config is the nearest `tailwind.config.{ts,js,mjs}` from the
 *   project root (the folder of `staticDir`) upwards; its relative `content`
 *   globs are taken relative to the config file.
 * - Development: CSS files of `staticDir` are compiled when requested
 *   (`/styles.css`, with or without a query), cached per path for the life
 *   of the process (`deno task dev` restarts on changes).
 * - `build`: every CSS file of `staticDir` is compiled and minified
 *   (cssnano) into `{outDir}/static/`, which production serves before
 *   `static/`. Production without a build serves the CSS files unchanged.
 *
 * Usage: `plugins: [tailwind()]` in `fresh.config.ts`, and a CSS file with
 * `@tailwind base; @tailwind components; @tailwind utilities;`.
 * @module
 */
import postcss, { type AcceptedPlugin } from "postcss";
import tailwindCss from "tailwindcss";
import autoprefixer from "autoprefixer";
import cssnano from "cssnano";
import type { Config } from "tailwindcss";
import type {
  Plugin,
  PluginMiddleware,
  ResolvedFreshConfig,
} from "../src/server/types.ts";

/** Options of autoprefixer (see its documentation). */
export interface AutoprefixerOptions {
  env?: string;
  cascade?: boolean;
  add?: boolean;
  remove?: boolean;
  supports?: boolean;
  flexbox?: boolean | "no-2009";
  grid?: boolean | "autoplace" | "no-autoplace";
  overrideBrowserslist?: string | string[];
  ignoreUnknownVersions?: boolean;
}

/** Options of the tailwind plugin. */
export interface TailwindPluginOptions {
  autoprefixer?: AutoprefixerOptions;
}

const CONFIG_NAMES = ["ts", "js", "mjs"].map((ext) => `tailwind.config.${ext}`);

function dirname(path: string): string {
  const i = path.lastIndexOf("/");
  return i <= 0 ? "/" : path.slice(0, i);
}

/** The nearest Tailwind config file from `dir` upwards. */
export async function findTailwindConfig(dir: string): Promise<string> {
  for (let d = dir;; d = dirname(d)) {
    for (const name of CONFIG_NAMES) {
      const file = `${d === "/" ? "" : d}/${name}`;
      try {
        if ((await Deno.stat(file)).isFile) return file;
      } catch (err) {
        if (!(err instanceof Deno.errors.NotFound)) throw err;
      }
    }
    if (d === "/") {
      throw new Error(
        `No tailwind.config.ts (or .js, .mjs) in ${dir} or a parent folder.`,
      );
    }
  }
}

/** `pattern` relative to `base` (negations and absolute paths kept). */
function anchored(pattern: string, base: string): string {
  const negated = pattern.startsWith("!");
  const glob = negated ? pattern.slice(1) : pattern;
  const out = glob.startsWith("/")
    ? glob
    : `${base}/${glob.replace(/^\.\//, "")}`;
  return negated ? `!${out}` : out;
}

/** A PostCSS processor for the project's Tailwind config. */
export async function createProcessor(
  config: ResolvedFreshConfig,
  options: TailwindPluginOptions,
  minify: boolean,
): Promise<postcss.Processor> {
  const configPath = await findTailwindConfig(dirname(config.staticDir));
  const loaded = (await import(`file://${configPath}`)).default as Config;
  if (!Array.isArray(loaded.content)) {
    throw new Error(
      `${configPath}: "content" must be an array of globs or {raw} entries.`,
    );
  }
  const base = dirname(configPath);
  const tailwindConfig: Config = {
    ...loaded,
    content: loaded.content.map((entry) =>
      typeof entry === "string" ? anchored(entry, base) : entry
    ),
  };
  const plugins: AcceptedPlugin[] = [
    tailwindCss(tailwindConfig) as AcceptedPlugin,
    autoprefixer(options.autoprefixer) as AcceptedPlugin,
  ];
  if (minify) plugins.push(cssnano() as AcceptedPlugin);
  return postcss(plugins);
}

async function cssFiles(dir: string, rel = ""): Promise<string[]> {
  const out: string[] = [];
  try {
    for await (const entry of Deno.readDir(`${dir}${rel}`)) {
      const path = `${rel}/${entry.name}`;
      if (entry.isDirectory) out.push(...await cssFiles(dir, path));
      else if (entry.isFile && entry.name.endsWith(".css")) out.push(path);
    }
  } catch (err) {
    if (!(err instanceof Deno.errors.NotFound)) throw err;
  }
  return out;
}

/**
 * The tailwind plugin. Fresh 1.7 calls it as `tailwind()`; the optional
 * first argument (the resolved config in Fresh's signature) is unused, the
 * second holds the options (an options object as first argument works too).
 */
export default function tailwind(
  freshConfig?: ResolvedFreshConfig | TailwindPluginOptions,
  options: TailwindPluginOptions = {},
): Plugin {
  if (
    freshConfig && "autoprefixer" in freshConfig && !("plugins" in freshConfig)
  ) {
    options = freshConfig as TailwindPluginOptions;
  }
  let staticDir = "";
  let basePath = "";
  let processor: postcss.Processor | null = null;
  const cache = new Map<string, Promise<string>>();

  const compile = (path: string): Promise<string> => {
    let css = cache.get(path);
    if (!css) {
      css = Deno.readTextFile(`${staticDir}${path}`).then(async (source) =>
        (await processor!.process(source, { from: `${staticDir}${path}` }))
          .css
      );
      // A failed compile (syntax error) is retried on the next request.
      css.catch(() => cache.delete(path));
      cache.set(path, css);
    }
    return css;
  };

  const middleware: PluginMiddleware = {
    path: "/",
    middleware: {
      handler: async (req, ctx) => {
        if (!processor || (req.method !== "GET" && req.method !== "HEAD")) {
          return ctx.next();
        }
        let path = new URL(req.url).pathname;
        if (!path.endsWith(".css")) return ctx.next();
        if (basePath) {
          if (!path.startsWith(`${basePath}/`)) return ctx.next();
          path = path.slice(basePath.length);
        }
        let decoded: string;
        try {
          decoded = decodeURIComponent(path);
        } catch {
          return ctx.next();
        }
        if (decoded.split("/").includes("..")) return ctx.next();
        let css: string;
        try {
          css = await compile(decoded);
        } catch (err) {
          if (err instanceof Deno.errors.NotFound) return ctx.next();
          throw err;
        }
        return new Response(req.method === "HEAD" ? null : css, {
          headers: {
            "content-type": "text/css; charset=utf-8",
            "cache-control": "no-cache, no-store, max-age=0, must-revalidate",
          },
        });
      },
    },
  };
  const middlewares: PluginMiddleware[] = [];

  return {
    name: "tailwind",
    middlewares,
    async configResolved(config) {
      if (!config.dev) return;
      staticDir = config.staticDir;
      basePath = config.basePath;
      processor = await createProcessor(config, options, false);
      if (!middlewares.includes(middleware)) middlewares.push(middleware);
    },
    async buildStart(config) {
      const build = await createProcessor(config, options, true);
      const outDir = `${config.build.outDir}/static`;
      for (const rel of await cssFiles(config.staticDir)) {
        const from = `${config.staticDir}${rel}`;
        const result = await build.process(await Deno.readTextFile(from), {
          from,
        });
        const to = `${outDir}${rel}`;
        await Deno.mkdir(dirname(to), { recursive: true });
        await Deno.writeTextFile(to, result.css);
      }
    },
  };
}
