/** What an action left to say after its redirect (or its refusal). */
export interface NoticeData {
  kind: "ok" | "error";
  text: string;
}

/** The notice at the top of a staff page: a status, or an alert for errors. */
export function Notice({ notice }: { notice?: NoticeData }) {
  if (!notice) return null;
  return (
    <p
      role={notice.kind === "error" ? "alert" : "status"}
      data-notice={notice.kind}
      class={`mt-4 rounded-md p-4 ${
        notice.kind === "error"
          ? "bg-red-50 text-red-900"
          : "bg-green-50 text-green-900"
      }`}
    >
      {notice.text}
    </p>
  );
}
