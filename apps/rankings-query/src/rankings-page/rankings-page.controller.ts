import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { readFileSync } from 'node:fs';
import path from 'node:path';

/** A static page (no build step): the browser reads the public read API, so the page needs no server logic. */
const PAGE = readFileSync(path.join(__dirname, 'rankings-page.html'), 'utf8');

@ApiTags('page')
@Controller()
export class RankingsPageController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'public, max-age=60')
  @ApiOperation({ summary: 'The rankings page (HTML): leaderboard with metadata and form, name search, freshness, live updates' })
  @ApiQuery({ name: 'division', required: false, description: 'Division to show, e.g. elite-women' })
  @ApiOkResponse({ description: 'HTML', content: { 'text/html': { schema: { type: 'string' } } } })
  page(): string {
    return PAGE;
  }
}
