import { ZoneView } from "@/features/dns/ZonePage";

/** One of the client's zones: records they can edit, its state; no server or job details. */
export default function PortalZonePage() {
  return <ZoneView base="/portal/dns" portal />;
}
