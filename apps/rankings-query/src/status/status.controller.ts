import { Controller, Get, Header, Inject } from '@nestjs/common';
import { renderStatusPage } from './status-page';
import { gatherStatus, StatusSnapshot, type StatusSources } from './status-snapshot';

export const STATUS_SOURCES = Symbol('STATUS_SOURCES');
/** Each figure gets this long; the page must load while a store hangs. */
const SOURCE_TIMEOUT_MS = 1000;

/** `GET /status`: the on-call view (HTML); `GET /status.json`: the same figures for scripts. */
@Controller()
export class StatusController {
  constructor(@Inject(STATUS_SOURCES) private readonly sources: StatusSources) {}

  @Get('status')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  async page(): Promise<string> {
    return renderStatusPage(await gatherStatus(this.sources, SOURCE_TIMEOUT_MS));
  }

  @Get('status.json')
  @Header('Cache-Control', 'no-store')
  async json(): Promise<StatusSnapshot> {
    return gatherStatus(this.sources, SOURCE_TIMEOUT_MS);
  }
}
