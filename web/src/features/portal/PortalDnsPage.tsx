import { ZonesList } from "@/features/dns/ZonesPage";

/** The client's own DNS zones (the API scopes the list to their customer). */
export default function PortalDnsPage() {
  return <ZonesList base="/portal/dns" portal />;
}
