export { emptyAthleteState, isRegistered, REGISTRATION_REVISION } from './athlete-state';
export type { AthleteProfile, AthleteState, MatchOutcome, Outcome } from './athlete-state';
export { mergeAthleteStates } from './merge';
export { athletesAffectedBy, evolveAthlete, matchOutcomeFor, projectAthletes, withMatchResult, withProfile } from './evolve';
export type { MatchResultRecord } from './evolve';
export { POINTS, RECENT_FORM_LENGTH, rankingStats, toRankingEntry } from './ranking-entry';
export type { RankedEntry, RankingEntry, RankingStats } from './ranking-entry';
export {
  compareDivisionOrder,
  DIVISION_ORDER,
  DIVISION_TIEBREAK,
  rankDivision,
} from './division-order';
export type { OrderDirection, OrderField, Ordered, OrderRule } from './division-order';
export { divisionStats } from './division-stats';
export type { DivisionStats } from './division-stats';
export { countFact, emptyTally, RECENT_MATCHES_KEPT, statsFromTally, supersedes } from './match-facts';
export type { AthleteTally, MatchFact, RecentMatch } from './match-facts';
