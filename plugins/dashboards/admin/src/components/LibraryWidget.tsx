/**
 * The home page widget of the library (for editors, plugin::dashboards.library): the last 30 days'
 * views and searches, the top searches and the searches that found nothing, what to write next.
 */
import { Box, Flex, Typography } from '@strapi/design-system';
import { Widget } from '@strapi/strapi/admin';
import type { LibraryReport, SearchCount } from '@haven/shared/engagement';
import { formatCount } from '@haven/admin-ui/format';
import { reportPath, useReport } from '../api';
import { FigureList } from './FigureList';

function Searches({ id, title, list, empty, count }: { id: string; title: string; list: SearchCount[]; empty: string; count: (s: SearchCount) => number }) {
  return (
    <Box tag="section" aria-labelledby={id}>
      <Typography tag="h3" variant="sigma" id={id} textColor="neutral600">
        {title}
      </Typography>
      {list.length ? (
        <ol style={{ margin: '4px 0 0', paddingLeft: 20 }}>
          {list.slice(0, 5).map((s) => (
            <li key={s.query}>
              <Typography>
                {s.query} ({formatCount(count(s))})
              </Typography>
            </li>
          ))}
        </ol>
      ) : (
        <Typography tag="p" textColor="neutral600">
          {empty}
        </Typography>
      )}
    </Box>
  );
}

export function LibraryWidget() {
  const { data, error, isLoading } = useReport<LibraryReport>(reportPath('library', {}));
  if (isLoading && !data) return <Widget.Loading />;
  if (error || !data) return <Widget.Error>{error ?? undefined}</Widget.Error>;
  const t = data.totals;
  return (
    <Flex direction="column" alignItems="stretch" gap={3}>
      <FigureList
        label={`Library figures from ${data.range.from} to ${data.range.to} (UTC)`}
        figures={[
          ['Resource views', formatCount(t.views)],
          ['Searches', formatCount(t.searches)],
          ['With no result', formatCount(t.noResults)],
        ]}
      />
      <Searches id="library-widget-no-result" title="No result: write next" list={data.noResultSearches} empty="Every search found something." count={(s) => s.noResults} />
      <Searches id="library-widget-top" title="Top searches" list={data.topSearches} empty="Nobody searched the library yet." count={(s) => s.searches} />
    </Flex>
  );
}
