import { asset, Head } from "$fresh/runtime.ts";
import type { Handlers, PageProps } from "$fresh/server.ts";
import { Container } from "../components/Container.tsx";
import { PageHeader } from "../components/PageHeader.tsx";
import { SeoHead } from "../components/SeoHead.tsx";
import ChatAssistant from "../islands/ChatAssistant.tsx";
import { partsOf } from "../lib/app/parts.ts";

interface Data {
  endpoint: string;
  apiKey: string;
}

export const handler: Handlers<Data> = {
  /** The function's URL: this app's gateway, or the real Supabase project's. */
  GET(_req, ctx) {
    const { supabase } = partsOf(ctx);
    const endpoint = supabase.embedded
      ? "/functions/v1/assistant"
      : `${supabase.url}/functions/v1/assistant`;
    return ctx.render({ endpoint, apiKey: supabase.anonKey });
  },
};

/**
 * `/chat`: the booking assistant. The only page with the chat's JavaScript
 * (other pages link here, so they keep shipping none); without JavaScript
 * it offers the contact page.
 */
export default function ChatPage({ data }: PageProps<Data>) {
  return (
    <>
      <SeoHead
        title="Ask our booking assistant"
        description="Ask what your hibachi party costs and whether your date is free, and get the same answer as our quote and booking pages, or a person."
        path="/chat"
      />
      <Head>
        <link rel="stylesheet" href={asset("/chat.css")} />
      </Head>
      <PageHeader title="Ask our booking assistant">
        Prices and open dates come straight from our quote and booking system.
        Whenever you would rather talk to a person, say so.
      </PageHeader>
      <Container class="py-10">
        <noscript>
          <p class="max-w-2xl text-lg text-stone-800">
            The chat needs JavaScript. You can{" "}
            <a class="font-semibold text-red-800 underline" href="/contact">
              send us a message
            </a>{" "}
            or{" "}
            <a class="font-semibold text-red-800 underline" href="/quote">
              price your party
            </a>{" "}
            instead.
          </p>
        </noscript>
        <ChatAssistant
          endpoint={data.endpoint}
          apiKey={data.apiKey}
          contactHref="/contact"
        />
      </Container>
    </>
  );
}
