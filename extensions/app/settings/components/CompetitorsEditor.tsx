// The competitor catalogue: one name per competitor and the other spellings sellers type, so the
// analytics count "Microsoft Dynamics 365" and "MS Dynamics" as one competitor.
import { useState } from 'react';
import { Button, Flex, Heading, Input, Text, Tile } from '@hubspot/ui-extensions';
import { errorProps } from '../lib/field-errors.ts';
import { format } from '../lib/i18n.ts';
import type { CompetitorCatalog } from '../lib/types.ts';
import type { EditorProps } from './editor-props.ts';

const base = 'competitors';

/** Splits "a, b ,c" into trimmed, non-empty spellings. */
export function parseAliases(text: string): string[] {
  return text
    .split(',')
    .map((alias) => alias.trim())
    .filter((alias) => alias.length > 0);
}

/** The aliases as the admin types them (commas and spaces kept while typing), parsed on change. */
function AliasesInput(props: {
  path: string;
  label: string;
  aliases: string[];
  onChange: (aliases: string[]) => void;
  error: ReturnType<typeof errorProps>;
}) {
  const [text, setText] = useState(props.aliases.join(', '));
  return (
    <Input
      name={`${props.path}.aliases`}
      testId={`${props.path}.aliases`}
      label={props.label}
      value={text}
      onChange={(next) => {
        setText(next);
        props.onChange(parseAliases(next));
      }}
      {...props.error}
    />
  );
}

/** Edits the competitor catalogue. */
export function CompetitorsEditor(props: EditorProps<CompetitorCatalog>) {
  const { value: catalog, onChange, t, language, errors } = props;
  const update = (index: number, patch: Partial<CompetitorCatalog[number]>) =>
    onChange(catalog.map((entry, i) => (i === index ? { ...entry, ...patch } : entry)));

  return (
    <Flex direction="column" gap="small">
      <Heading>{t.competitorsHeading}</Heading>
      <Text variant="microcopy">{t.competitorsDescription}</Text>
      {catalog.map((entry, index) => {
        const path = `${base}.${index}`;
        return (
          <Tile compact key={index} testId={path}>
            <Flex gap="small" wrap align="end">
              <Input
                name={`${path}.name`}
                testId={`${path}.name`}
                label={t.competitorName}
                value={entry.name}
                onChange={(name) => update(index, { name })}
                {...errorProps(errors, `${path}.name`)}
              />
              <AliasesInput
                path={path}
                label={t.competitorAliases}
                aliases={entry.aliases}
                onChange={(aliases) => update(index, { aliases })}
                error={errorProps(errors, `${path}.aliases`)}
              />
              <Button
                size="xs"
                variant="transparent"
                testId={`${path}.remove`}
                onClick={() => onChange(catalog.filter((_, i) => i !== index))}
              >
                {format(
                  t.removeCompetitor,
                  { name: entry.name.trim() || `#${index + 1}` },
                  language,
                )}
              </Button>
            </Flex>
          </Tile>
        );
      })}
      <Button
        size="sm"
        testId="add-competitor"
        onClick={() => onChange([...catalog, { name: '', aliases: [] }])}
      >
        {t.addCompetitor}
      </Button>
    </Flex>
  );
}
