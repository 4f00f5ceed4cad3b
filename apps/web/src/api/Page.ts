/** One page of a list endpoint: the rows and the total across all pages. */
export interface Page<T> {
  items: T[];
  total: number;
}
