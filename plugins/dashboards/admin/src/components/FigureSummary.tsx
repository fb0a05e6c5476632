/** A report page's summary: a titled section with a sentence in words and its key figures (FigureList). */
import { Box, Typography } from '@strapi/design-system';
import { FigureList } from './FigureList';

interface FigureSummaryProps {
  /** Names the section (its heading's id is `<id>-title`). */
  id: string;
  title: string;
  sentence: string;
  figures: [string, string][];
}

export function FigureSummary({ id, title, sentence, figures }: FigureSummaryProps) {
  return (
    <Box tag="section" aria-labelledby={`${id}-title`} background="neutral0" padding={5} shadow="tableShadow" hasRadius>
      <Typography tag="h2" variant="delta" id={`${id}-title`}>
        {title}
      </Typography>
      <Box marginTop={2} marginBottom={3}>
        <Typography tag="p" textColor="neutral700">
          {sentence}
        </Typography>
      </Box>
      <FigureList figures={figures} />
    </Box>
  );
}
