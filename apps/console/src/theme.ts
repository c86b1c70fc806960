import { createTheme, CSSVariablesResolver } from '@mantine/core';

/** Mantine's default blue under white text is 3.5:1; its eighth shade passes WCAG AA (4.5:1). */
export const theme = createTheme({ primaryShade: 8 });

/**
 * Mantine's dimmed grey (field descriptions) and its error red (a field's error message) are
 * 3.3:1 on white; their seventh and ninth shades pass AA.
 */
export const accessibleColors: CSSVariablesResolver = () => ({
  variables: {},
  light: { '--mantine-color-dimmed': 'var(--mantine-color-gray-7)', '--mantine-color-error': 'var(--mantine-color-red-9)' },
  dark: {},
});
