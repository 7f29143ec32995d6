import { country, objectBody, text } from '../http/body-schema';

/** Any of the fields; an absent field keeps its value, `null` is not a value. */
export const updateAthleteBody = objectBody(
  {
    name: text('name', 1, 120, 'Ana Silva'),
    weightClass: text('weightClass', 1, 40, 'featherweight'),
    country: country('country'),
  },
  [],
);

export interface UpdateAthleteBody {
  name?: string;
  weightClass?: string;
  country?: string;
}
