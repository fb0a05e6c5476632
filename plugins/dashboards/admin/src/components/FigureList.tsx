/** A few key figures side by side, as a description list (label, value), for widgets and summaries. */
import { Box, Flex, Typography } from '@strapi/design-system';

export function FigureList({ figures, label }: { figures: [string, string][]; label?: string }) {
  return (
    <Flex tag="dl" wrap="wrap" gap={2} aria-label={label} style={{ margin: 0 }}>
      {figures.map(([name, value]) => (
        <Box key={name} padding={2} background="neutral100" hasRadius style={{ flex: '1 1 30%', minWidth: 96 }}>
          <Typography tag="dt" variant="pi" textColor="neutral600">
            {name}
          </Typography>
          <Typography tag="dd" variant="delta" style={{ margin: 0 }}>
            {value}
          </Typography>
        </Box>
      ))}
    </Flex>
  );
}
