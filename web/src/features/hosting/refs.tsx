import { Link } from "react-router";
import { useQuery } from "@tanstack/react-query";
import { api, unwrap } from "@/api/client";
import { serversKey } from "@/api/servers";
import { useAuth } from "@/app/auth/AuthProvider";

/** A server's name (fetched once and cached), linked to its page; "—" without servers.read. */
export function ServerName({ id, link = true }: { id: string; link?: boolean }) {
  const { can } = useAuth();
  const allowed = can("servers.read");
  const q = useQuery({
    queryKey: [...serversKey, "one", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/servers/{server_id}", { params: { path: { server_id: id } }, signal })),
    staleTime: 5 * 60_000,
    enabled: allowed,
  });
  if (!allowed) return <span>—</span>;
  const text = q.data ? q.data.name : q.isError ? "Unknown server" : "…";
  if (!link) return <span>{text}</span>;
  return (
    <Link to={`/servers/${id}`} className="hover:text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
      {text}
    </Link>
  );
}

/** A DNS zone's name (fetched once and cached), linked to its page; the id without dns.read. */
export function ZoneName({ id, base = "/dns" }: { id: string; base?: string }) {
  const { can } = useAuth();
  const allowed = can("dns.read");
  const q = useQuery({
    queryKey: ["dns", "zone", id],
    queryFn: ({ signal }) => unwrap(api.GET("/api/dns/zones/{zone_id}", { params: { path: { zone_id: id } }, signal })),
    staleTime: 60_000,
    enabled: allowed,
    retry: false,
  });
  const text = q.data ? q.data.name : q.isError ? `${id.slice(0, 8)}… (gone)` : `${id.slice(0, 8)}…`;
  return (
    <Link to={`${base}/${id}`} className="text-indigo-600 hover:underline" onClick={(e) => e.stopPropagation()}>
      {text}
    </Link>
  );
}
