import { objectBody, slug, text } from '../http/body-schema';

export const createDivisionBody = objectBody({ id: slug('id', 'elite-men'), name: text('name', 1, 120, 'Elite men') }, [
  'id',
  'name',
]);

export interface CreateDivisionBody {
  id: string;
  name: string;
}
