import { PickType } from '@nestjs/swagger';
import { LeaderboardQueryDto } from '../read-api/rankings.dto';

/** The leaderboard's `top` (same bounds and default); `waitFor` means nothing to a stream. */
export class LeaderboardStreamQueryDto extends PickType(LeaderboardQueryDto, ['top'] as const) {}
