import { useState } from "react";
import { downloadInvoicePdf } from "@/api/invoices";
import { errorMessage } from "@/api/errors";
import { Button } from "@/components/Button";
import { Icon } from "@/components/icons";
import { toast } from "@/components/Toast";

/** The invoice as a PDF (staff and the owning client; issued ones come from object storage). */
export function DownloadPdfButton({ id, number }: { id: string; number: string | null | undefined }) {
  const [busy, setBusy] = useState(false);
  return (
    <Button
      variant="secondary"
      loading={busy}
      icon={<Icon name="download" className="h-4 w-4" />}
      onClick={async () => {
        setBusy(true);
        try {
          await downloadInvoicePdf(id, number ?? `draft-${id.slice(0, 8)}`);
        } catch (e) {
          toast(errorMessage(e), "error");
        } finally {
          setBusy(false);
        }
      }}
    >
      Download PDF
    </Button>
  );
}
