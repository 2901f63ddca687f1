import { Link } from "react-router";
import { useAuth } from "@/app/auth/AuthProvider";
import { useJobs, useRetryJob } from "@/api/jobs";
import { errorMessage } from "@/api/errors";
import { JOB_STATUSES, type Job, type JobQuery } from "@/api/types";
import { Card, PageHeader } from "@/components/Card";
import { Button } from "@/components/Button";
import { inputClass } from "@/components/Field";
import { Icon } from "@/components/icons";
import { FilterBar, ListBody, useListPage } from "@/components/ListPage";
import { Table, Td, Th } from "@/components/Table";
import { toast } from "@/components/Toast";
import { formatAgo, formatDateTime } from "@/lib/dates";
import { useNow } from "@/lib/useNow";
import { JOB_STATUS_LABELS, JobStatusBadge } from "../hosting/labels";
import { ENTITY_LABELS, entityPath } from "./entity";
import { ZoneName } from "../hosting/refs";

/** Task names the panel defers (for the filter's suggestions; any name can be typed). */
const KNOWN_TASKS = ["hosting.apply", "billing.run_tenant", "domains.renew_paid"];

export default function JobsPage() {
  const { can } = useAuth();
  const list = useListPage<JobQuery>({ pageSize: 50, filters: ["status", "task", "entityId"], search: { param: "task", delay: 400 } });
  const { status, entityId } = list.values;
  const { setParam } = list;
  const now = useNow();
  const jobs = useJobs(list.query);
  const tasks = [...new Set([...KNOWN_TASKS, ...(jobs.data?.items ?? []).map((j) => j.taskName)])].sort();

  return (
    <>
      <PageHeader
        title="Jobs"
        description={
          <span>
            Background work (applying hosting changes, billing runs, renewals) with its attempts and last error.{" "}
            <span className="text-xs" data-testid="jobs-updated">{jobs.dataUpdatedAt ? `Refreshed ${formatAgo(new Date(jobs.dataUpdatedAt), now)}, every few seconds.` : ""}</span>
          </span>
        }
      />
      <Card>
        <FilterBar>
          <select aria-label="Filter by status" value={status} onChange={(e) => setParam("status", e.target.value || null)} className={`${inputClass} sm:w-44`}>
            <option value="">All statuses</option>
            {JOB_STATUSES.map((s) => (
              <option key={s} value={s}>
                {JOB_STATUS_LABELS[s]}
              </option>
            ))}
          </select>
          <input type="search" list="job-tasks" aria-label="Filter by task" placeholder="Task, e.g. hosting.apply" value={list.search.value} onChange={(e) => list.search.onChange(e.target.value)} className={`${inputClass} sm:w-72`} />
          <datalist id="job-tasks">
            {tasks.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
          {entityId && (
            <Button variant="secondary" size="sm" onClick={() => setParam("entityId", null)} icon={<Icon name="x" className="h-4 w-4" />}>
              Only one object
            </Button>
          )}
        </FilterBar>
        <ListBody
          list={list}
          result={jobs}
          loading="Loading jobs…"
          empty={{ title: "No jobs yet", noMatch: "No job matches these filters" }}
        >
          {(items) => (
            <Table label="Jobs">
              <thead className="bg-slate-50 dark:bg-slate-900/60">
                <tr>
                  <Th>Task</Th>
                  <Th>Status</Th>
                  <Th className="text-right">Attempts</Th>
                  <Th className="hidden md:table-cell">Serves</Th>
                  <Th className="hidden lg:table-cell">Created</Th>
                  <Th className="hidden lg:table-cell">Updated</Th>
                  <Th>
                    <span className="sr-only">Actions</span>
                  </Th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 dark:divide-slate-800">
                {items.map((j) => (
                  <JobRow key={j.id} job={j} now={now} canRetry={can("jobs.write")} />
                ))}
              </tbody>
            </Table>
          )}
        </ListBody>
      </Card>
    </>
  );
}

function JobRow({ job: j, now, canRetry }: { job: Job; now: number; canRetry: boolean }) {
  const retry = useRetryJob();
  const path = entityPath(j.entity);
  return (
    <tr data-testid="job-row" className="align-top">
      <Td>
        <div className="font-mono text-xs font-medium">{j.taskName}</div>
        <div className="text-xs text-slate-500">
          #{j.id} · {j.queueName}
        </div>
        {j.lastError && (
          <details className="mt-1 max-w-xl">
            <summary className="cursor-pointer text-xs font-medium text-red-700 dark:text-red-300">
              Last error{j.failedAt ? ` (${formatAgo(j.failedAt, now)})` : ""}
            </summary>
            <pre className="mt-1 max-h-60 overflow-auto whitespace-pre-wrap break-words rounded bg-red-50 p-2 text-xs text-red-900 dark:bg-red-950/50 dark:text-red-200">{j.lastError}</pre>
          </details>
        )}
      </Td>
      <Td>
        <JobStatusBadge status={j.status} />
      </Td>
      <Td className="text-right tabular-nums">{j.attempts}</Td>
      <Td className="hidden md:table-cell">
        {j.entity ? (
          <>
            <div className="text-xs text-slate-500">{ENTITY_LABELS[j.entity.type] ?? j.entity.type.replace(/_/g, " ")}</div>
            {j.entity.type === "dns_zone" && path ? (
              <span className="text-xs">
                <ZoneName id={j.entity.id} />
              </span>
            ) : path ? (
              <Link to={path} className="font-mono text-xs text-indigo-600 hover:underline">
                {j.entity.id.slice(0, 8)}…
              </Link>
            ) : (
              <span className="font-mono text-xs">{j.entity.id.length > 12 ? `${j.entity.id.slice(0, 8)}…` : j.entity.id}</span>
            )}
          </>
        ) : (
          "—"
        )}
      </Td>
      <Td className="hidden whitespace-nowrap text-xs lg:table-cell" title={formatDateTime(j.createdAt)}>
        {formatAgo(j.createdAt, now, "—")}
      </Td>
      <Td className="hidden whitespace-nowrap text-xs lg:table-cell" title={formatDateTime(j.updatedAt)}>
        {formatAgo(j.updatedAt, now, "—")}
      </Td>
      <Td className="text-right">
        {canRetry && j.status === "failed" && (
          <Button
            size="sm"
            variant="secondary"
            loading={retry.isPending}
            icon={<Icon name="repeat" className="h-4 w-4" />}
            aria-label={`Retry job ${j.id}`}
            onClick={async () => {
              try {
                await retry.mutateAsync(j.id);
                toast(`Job #${j.id} queued again`);
              } catch (e) {
                toast(errorMessage(e), "error", 6000);
              }
            }}
          >
            Retry
          </Button>
        )}
      </Td>
    </tr>
  );
}
