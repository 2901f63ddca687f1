import { useEffect } from "react";
import { useLocation } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { Card, CardBody, CardHeader, PageHeader } from "@/components/Card";
import { PasswordCard } from "./PasswordCard";
import { TwoFactorCard } from "./TwoFactorCard";

export default function ProfilePage() {
  const { me } = useAuth();
  const { hash } = useLocation();

  useEffect(() => {
    if (!hash) return;
    const el = document.getElementById(hash.slice(1));
    el?.scrollIntoView?.({ behavior: "smooth", block: "start" });
    el?.querySelector<HTMLElement>("input, button")?.focus({ preventScroll: true });
  }, [hash]);

  return (
    <>
      <PageHeader title="Profile & security" />
      <div className="space-y-6">
        <Card>
          <CardHeader title="Account" />
          <CardBody>
            <dl className="grid gap-4 text-sm sm:grid-cols-2">
              {[
                ["Name", me?.name],
                ["E-mail", me?.email],
                ["Tenant", me?.tenantName],
                ["Role", me?.role],
              ].map(([k, v]) => (
                <div key={k}>
                  <dt className="text-slate-500">{k}</dt>
                  <dd className={k === "Role" ? "font-medium capitalize" : "font-medium break-all"}>{v || "—"}</dd>
                </div>
              ))}
            </dl>
          </CardBody>
        </Card>
        <PasswordCard />
        <TwoFactorCard />
      </div>
    </>
  );
}
