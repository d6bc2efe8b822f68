import { assetSrcSet } from "$fresh/runtime.ts";
import { type ImageName, IMAGES } from "../lib/site/images.gen.ts";

/** Formats shipped for every illustration, best first (the `<img>` takes the last). */
const FORMATS = [
  { ext: "avif", type: "image/avif" },
  { ext: "webp", type: "image/webp" },
] as const;

/** `srcset` of one illustration in one format ("/images/party-400.webp 400w, …"). */
export function srcSetOf(name: ImageName, ext: string): string {
  return IMAGES[name].widths.map((w) => `/images/${name}-${w}.${ext} ${w}w`)
    .join(", ");
}

/** Props of {@link Picture}. */
export interface PictureProps {
  name: ImageName;
  /** What the picture shows, for people who cannot see it ("" if decorative). */
  alt: string;
  /** Rendered width per viewport, e.g. "(min-width: 1024px) 50vw, 100vw". */
  sizes: string;
  /** Above the fold: load now and with high priority (the LCP candidate). */
  eager?: boolean;
  /** Classes of the `<img>` (rounding, shadow). */
  class?: string;
  /** Classes of the `<picture>` box (grid placement). */
  frame?: string;
}

/**
 * An illustration from `static/images/` as `<picture>`: AVIF, then WebP,
 * then a JPEG fallback, each at every shipped width. Width and height are
 * the intrinsic size, so the box is reserved before the file arrives (no
 * layout shift); below the fold it loads lazily.
 */
export function Picture(props: PictureProps) {
  const image = IMAGES[props.name];
  const fallback = image.widths[Math.min(1, image.widths.length - 1)];
  return (
    <picture class={`block ${props.frame ?? ""}`}>
      {FORMATS.map((f) => (
        <source
          key={f.ext}
          type={f.type}
          srcset={srcSetOf(props.name, f.ext)}
          sizes={props.sizes}
        />
      ))}
      <img
        src={`/images/${props.name}-${fallback}.jpg`}
        srcset={srcSetOf(props.name, "jpg")}
        sizes={props.sizes}
        width={image.width}
        height={image.height}
        alt={props.alt}
        loading={props.eager ? "eager" : "lazy"}
        decoding={props.eager ? "sync" : "async"}
        fetchpriority={props.eager ? "high" : undefined}
        class={`h-auto w-full ${props.class ?? ""}`}
      />
    </picture>
  );
}

/**
 * `<link rel="preload">` for an above-the-fold picture's AVIF (put it in
 * `<Head>`), so the browser fetches it with the HTML instead of after CSS.
 */
export function PreloadPicture(
  { name, sizes }: { name: ImageName; sizes: string },
) {
  // imagesizes is not in Preact's <link> types; HTML has it.
  const extra = { imagesizes: sizes };
  return (
    <link
      rel="preload"
      as="image"
      type="image/avif"
      imageSrcSet={assetSrcSet(srcSetOf(name, "avif"))}
      fetchpriority="high"
      {...extra}
    />
  );
}
