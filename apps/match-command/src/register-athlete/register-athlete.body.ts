import { country, objectBody, slug, text } from '../http/body-schema';

export const registerAthleteBody = objectBody(
  {
    id: { ...slug('id', 'ana-silva'), description: 'Generated (a UUID) when absent' },
    name: text('name', 1, 120, 'Ana Silva'),
    divisionId: slug('divisionId', 'elite-women'),
    weightClass: text('weightClass', 1, 40, 'lightweight'),
    country: country('country'),
  },
  ['name', 'divisionId', 'weightClass', 'country'],
);

export interface RegisterAthleteBody {
  id?: string;
  name: string;
  divisionId: string;
  weightClass: string;
  country: string;
}
