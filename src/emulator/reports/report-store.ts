import type { components as reports } from '../../amazon/generated/types/reports20210630.js';
import { type JobTimes, type ProcessingSettings, statusAt } from '../feeds/processing-settings.js';
import { isoSeconds } from '../orders/iso-time.js';
import type { Prng } from '../prng.js';

type Report = reports['schemas']['Report'];

/** One report a seller requested. */
export interface StoredReport extends JobTimes {
  reportId: string;
  sellerId: string;
  reportType: string;
  marketplaceIds: string[];
  dataStartMs?: number;
  dataEndMs?: number;
  reportDocumentId?: string;
}

/** The fields of createReport's body, checked. */
export interface ReportSpec {
  reportType: string;
  marketplaceIds: string[];
  dataStartMs?: number;
  dataEndMs?: number;
}

/** Every report of every seller; its status follows the clock as a feed's does (see FeedStore). */
export class ReportStore {
  private readonly reports: StoredReport[] = [];
  /** Not yet processed nor cancelled: what `due` looks through on every request. */
  private pending: StoredReport[] = [];
  private seq: number;

  constructor(prng: Prng) {
    this.seq = 60_000_000_000 + prng.between(0, 9_000_000) * 1000;
  }

  create(sellerId: string, spec: ReportSpec, nowMs: number, settings: ProcessingSettings): StoredReport {
    this.seq += 1 + (this.seq % 5);
    const report: StoredReport = {
      reportId: String(this.seq),
      sellerId,
      ...spec,
      createdMs: nowMs,
      startMs: nowMs + settings.inQueueMs,
      endMs: nowMs + settings.inQueueMs + settings.inProgressMs,
    };
    this.reports.push(report);
    this.pending.push(report);
    return report;
  }

  get(sellerId: string, reportId: string): StoredReport | undefined {
    return this.reports.find((r) => r.reportId === reportId && r.sellerId === sellerId);
  }

  /** The seller's reports, newest first. */
  list(sellerId: string): StoredReport[] {
    return this.reports.filter((r) => r.sellerId === sellerId).reverse();
  }

  /** Reports whose processing ends by `nowMs` and that have not been processed, in the order they end. */
  due(nowMs: number): StoredReport[] {
    if (this.pending.length === 0) return [];
    this.pending = this.pending.filter((r) => r.outcome === undefined && r.cancelledMs === undefined);
    return this.pending.filter((r) => r.endMs <= nowMs).sort((a, b) => a.endMs - b.endMs);
  }

  /** Only a report still IN_QUEUE can be cancelled; false otherwise. */
  cancel(report: StoredReport, nowMs: number): boolean {
    if (statusAt(report, nowMs) !== 'IN_QUEUE') return false;
    report.cancelledMs = nowMs;
    return true;
  }
}

/** A report as getReport and getReports return it, at `nowMs`. */
export function reportView(report: StoredReport, nowMs: number): Report {
  const status = statusAt(report, nowMs);
  const view: Report = {
    reportId: report.reportId,
    reportType: report.reportType,
    marketplaceIds: [...report.marketplaceIds],
    createdTime: isoSeconds(report.createdMs),
    processingStatus: status,
  };
  if (report.dataStartMs !== undefined) view.dataStartTime = isoSeconds(report.dataStartMs);
  if (report.dataEndMs !== undefined) view.dataEndTime = isoSeconds(report.dataEndMs);
  if (status !== 'IN_QUEUE' && (report.cancelledMs === undefined || report.outcome !== undefined))
    view.processingStartTime = isoSeconds(report.startMs);
  if (status === 'DONE' || status === 'FATAL' || (status === 'CANCELLED' && report.outcome !== undefined))
    view.processingEndTime = isoSeconds(report.endMs);
  if (report.reportDocumentId && status === 'DONE') view.reportDocumentId = report.reportDocumentId;
  return view;
}
