import { useState } from "react";
import { Link } from "react-router";
import type { EnrolmentToken, Server } from "@/api/types";
import { Button } from "@/components/Button";
import { Modal } from "@/components/Modal";
import { EnrolmentTokenPanel } from "./EnrolmentToken";
import { ServerForm } from "./ServerForm";

/** Add a server, then show its enrolment token once; closing forgets the token. */
export function AddServerDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const [made, setMade] = useState<{ server: Server; token: EnrolmentToken } | null>(null);
  const close = () => {
    setMade(null);
    onClose();
  };
  return (
    <Modal open={open} onClose={close} title={made ? `Enrol ${made.server.name}` : "Add server"} size="lg">
      {made ? (
        <div className="space-y-4">
          <EnrolmentTokenPanel token={made.token} serverName={made.server.hostname} />
          <div className="flex justify-end gap-2">
            <Link to={`/servers/${made.server.id}`} onClick={close} className="inline-flex items-center rounded-md px-3.5 py-2 text-sm font-medium text-indigo-600 hover:underline">
              Open the server
            </Link>
            <Button onClick={close}>Done</Button>
          </div>
        </div>
      ) : (
        open && <ServerForm onCreated={(server, token) => setMade({ server, token })} onDone={close} />
      )}
    </Modal>
  );
}
