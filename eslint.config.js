import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'data/**', 'coverage/**', '.ci/**', 'src/io/generated/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Text from data must never become HTML: forbid the sinks outright.
      'no-restricted-properties': [
        'error',
        { property: 'innerHTML', message: 'Data text must never be inserted as HTML: use textContent / DOM nodes.' },
        { property: 'outerHTML', message: 'Data text must never be inserted as HTML.' },
        { property: 'insertAdjacentHTML', message: 'Data text must never be inserted as HTML.' },
      ],
      'no-eval': 'error',
      'no-implied-eval': 'error',
      'no-new-func': 'error',
    },
  },
);
