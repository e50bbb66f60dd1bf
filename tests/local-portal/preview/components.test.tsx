// The preview host's components against @hubspot/ui-extensions: every prop a real component takes
// is a prop of the preview's (checked by tsc below: a missing name fails the type check), and what
// assistive technology needs is in the HTML: a field's validation message, description and
// tooltip are linked to its control (`aria-describedby`, `aria-invalid`, `aria-errormessage`),
// required fields say so, tabs and accordions name what they control, and the limits the real
// components enforce (TextArea's `maxLength`, DateInput's `min`/`max` messages) are rendered.
import type {
  AccordionProps,
  AlertProps,
  BoxProps,
  ButtonProps,
  CheckboxProps,
  CurrencyInputProps,
  DateInputProps,
  DescriptionListItemProps,
  DescriptionListProps,
  DividerProps,
  EmptyStateProps,
  ErrorStateProps,
  FlexProps,
  FormProps,
  HeadingProps,
  ImageProps,
  InputProps,
  LinkProps,
  ListProps,
  LoadingButtonProps,
  LoadingSpinnerProps,
  MultiSelectProps,
  NumberInputProps,
  ProgressBarProps,
  SelectProps,
  StatisticsItemProps,
  StatisticsProps,
  StatisticsTrendProps,
  StatusTagProps,
  StepIndicatorProps,
  TabProps,
  TableCellProps,
  TableElementProps,
  TableHeaderProps,
  TableProps,
  TabsProps,
  TagProps,
  TextAreaProps,
  TextProps,
  TileProps,
  ToggleProps,
} from '@hubspot/ui-extensions';
import type { ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import * as ui from '../../../src/local-portal/preview/ui/components.tsx';

/** Every key of a props type, over each member of a union. */
type KeysOf<T> = T extends unknown ? keyof T : never;
/** The real component's props the preview's component does not take (must be `never`). */
type Missing<Real, Preview extends (props: never) => unknown> = Exclude<
  KeysOf<Real>,
  KeysOf<Parameters<Preview>[0]>
>;
/** Compiles only when nothing is missing; the error names the missing props. */
type NoneMissing<T extends never> = T;

export type PropsCoverage = [
  NoneMissing<Missing<AccordionProps, typeof ui.Accordion>>,
  NoneMissing<Missing<AlertProps, typeof ui.Alert>>,
  NoneMissing<Missing<BoxProps, typeof ui.Box>>,
  NoneMissing<Missing<ButtonProps, typeof ui.Button>>,
  NoneMissing<Missing<CheckboxProps, typeof ui.Checkbox>>,
  NoneMissing<Missing<CurrencyInputProps, typeof ui.CurrencyInput>>,
  NoneMissing<Missing<DateInputProps, typeof ui.DateInput>>,
  NoneMissing<Missing<DescriptionListItemProps, typeof ui.DescriptionListItem>>,
  NoneMissing<Missing<DescriptionListProps, typeof ui.DescriptionList>>,
  NoneMissing<Missing<DividerProps, typeof ui.Divider>>,
  NoneMissing<Missing<EmptyStateProps, typeof ui.EmptyState>>,
  NoneMissing<Missing<ErrorStateProps, typeof ui.ErrorState>>,
  NoneMissing<Missing<FlexProps, typeof ui.Flex>>,
  NoneMissing<Missing<FormProps, typeof ui.Form>>,
  NoneMissing<Missing<HeadingProps, typeof ui.Heading>>,
  NoneMissing<Missing<ImageProps, typeof ui.Image>>,
  NoneMissing<Missing<InputProps, typeof ui.Input>>,
  NoneMissing<Missing<LinkProps, typeof ui.Link>>,
  NoneMissing<Missing<ListProps, typeof ui.List>>,
  NoneMissing<Missing<LoadingButtonProps, typeof ui.LoadingButton>>,
  NoneMissing<Missing<LoadingSpinnerProps, typeof ui.LoadingSpinner>>,
  NoneMissing<Missing<MultiSelectProps, typeof ui.MultiSelect>>,
  NoneMissing<Missing<NumberInputProps, typeof ui.NumberInput>>,
  NoneMissing<Missing<ProgressBarProps, typeof ui.ProgressBar>>,
  NoneMissing<Missing<SelectProps, typeof ui.Select>>,
  NoneMissing<Missing<StatisticsItemProps, typeof ui.StatisticsItem>>,
  NoneMissing<Missing<StatisticsProps, typeof ui.Statistics>>,
  NoneMissing<Missing<StatisticsTrendProps, typeof ui.StatisticsTrend>>,
  NoneMissing<Missing<StatusTagProps, typeof ui.StatusTag>>,
  NoneMissing<Missing<StepIndicatorProps, typeof ui.StepIndicator>>,
  NoneMissing<Missing<TabProps, typeof ui.Tab>>,
  NoneMissing<Missing<TableCellProps, typeof ui.TableCell>>,
  NoneMissing<Missing<TableElementProps, typeof ui.TableRow>>,
  NoneMissing<Missing<TableElementProps, typeof ui.TableHead>>,
  NoneMissing<Missing<TableElementProps, typeof ui.TableBody>>,
  NoneMissing<Missing<TableElementProps, typeof ui.TableFooter>>,
  NoneMissing<Missing<TableHeaderProps, typeof ui.TableHeader>>,
  NoneMissing<Missing<TableProps, typeof ui.Table>>,
  NoneMissing<Missing<TabsProps, typeof ui.Tabs>>,
  NoneMissing<Missing<TagProps, typeof ui.Tag>>,
  NoneMissing<Missing<TextAreaProps, typeof ui.TextArea>>,
  NoneMissing<Missing<TextProps, typeof ui.Text>>,
  NoneMissing<Missing<TileProps, typeof ui.Tile>>,
  NoneMissing<Missing<ToggleProps, typeof ui.Toggle>>,
];

/** One element of rendered markup: its tag, attributes and the text up to its closing tag. */
interface Element {
  tag: string;
  attrs: Record<string, string>;
  text: string;
}

/** The elements of static markup, in document order (enough for the flat checks below). */
function elements(html: string): Element[] {
  const found: Element[] = [];
  for (const match of html.matchAll(/<([a-z0-9]+)((?:\s+[^\s=>]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    const attrs: Record<string, string> = {};
    for (const attr of match[2]!.matchAll(/([^\s=]+)(?:="([^"]*)")?/g))
      attrs[attr[1]!.toLowerCase()] = attr[2] ?? '';
    const rest = html.slice(match.index + match[0].length);
    const close = rest.indexOf(`</${match[1]}>`);
    const text = (close < 0 ? '' : rest.slice(0, close)).replace(/<[^>]+>/g, '');
    found.push({ tag: match[1]!, attrs, text });
  }
  return found;
}

const render = (element: ReactElement) => elements(renderToStaticMarkup(element));
const byTestId = (all: Element[], testId: string) => {
  const element = all.find((candidate) => candidate.attrs['data-testid'] === testId);
  if (element === undefined) throw new Error(`no element with data-testid="${testId}"`);
  return element;
};
const byId = (all: Element[], id: string) => all.find((candidate) => candidate.attrs.id === id);
/** The texts the control's aria-describedby points to, in order. */
const description = (all: Element[], control: Element) =>
  (control.attrs['aria-describedby'] ?? '')
    .split(' ')
    .filter(Boolean)
    .map((id) => byId(all, id)?.text);

describe('preview fields tell assistive technology what a sighted user sees', () => {
  it('links an invalid input to its message, description and tooltip', () => {
    const all = render(
      <ui.Input
        name="revenue"
        label="Annual revenue"
        description="In euros"
        tooltip="From the last annual report"
        required
        error
        validationMessage="Mindestens 0."
        testId="revenue"
      />,
    );
    const input = byTestId(all, 'revenue');
    expect(input.attrs['aria-invalid']).toBe('true');
    expect(input.attrs['aria-required']).toBe('true');
    expect(description(all, input)).toEqual([
      'Mindestens 0.',
      'In euros',
      'From the last annual report',
    ]);
    expect(input.attrs['aria-errormessage']).toBe(input.attrs['aria-describedby']!.split(' ')[0]);
    const label = all.find((element) => element.tag === 'label')!;
    expect(label.attrs.for).toBe(input.attrs.id);
    const message = byId(all, input.attrs['aria-errormessage']!)!;
    expect(message.attrs.role).toBe('alert');
  });

  it('leaves a valid field unmarked and undescribed', () => {
    const all = render(<ui.NumberInput name="cap" label="Cap" testId="cap" />);
    const input = byTestId(all, 'cap');
    expect(input.attrs['aria-invalid']).toBeUndefined();
    expect(input.attrs['aria-describedby']).toBeUndefined();
  });

  it.each([
    [
      'Select',
      <ui.Select
        key="s"
        name="s"
        label="Stage"
        options={[]}
        error
        validationMessage="Pick one"
        testId="f"
      />,
    ],
    [
      'MultiSelect',
      <ui.MultiSelect
        key="m"
        name="m"
        label="Stages"
        options={[]}
        error
        validationMessage="Pick one"
        testId="f"
      />,
    ],
    [
      'TextArea',
      <ui.TextArea key="t" name="t" label="Notes" error validationMessage="Pick one" testId="f" />,
    ],
    [
      'DateInput',
      <ui.DateInput key="d" name="d" label="Day" error validationMessage="Pick one" testId="f" />,
    ],
    [
      'CurrencyInput',
      <ui.CurrencyInput
        key="c"
        name="c"
        label="Amount"
        error
        validationMessage="Pick one"
        testId="f"
      />,
    ],
  ])('wires %s the same way', (_name, element) => {
    const all = render(element);
    const control = byTestId(all, 'f');
    expect(control.attrs['aria-invalid']).toBe('true');
    expect(description(all, control)).toEqual(['Pick one']);
  });

  it("renders TextArea's maxLength and cols", () => {
    const all = render(
      <ui.TextArea name="n" label="Notes" maxLength={4000} cols={40} testId="n" />,
    );
    expect(byTestId(all, 'n').attrs).toMatchObject({ maxlength: '4000', cols: '40' });
  });

  it("shows DateInput's min and max messages for a day outside its range", () => {
    const props = {
      name: 'd',
      label: 'Decision date',
      min: { year: 2000, month: 0, date: 1 },
      max: { year: 2099, month: 11, date: 31 },
      minValidationMessage: 'Too early',
      maxValidationMessage: 'Too late',
      testId: 'd',
    };
    const early = render(<ui.DateInput {...props} value={{ year: 1999, month: 5, date: 1 }} />);
    expect(description(early, byTestId(early, 'd'))).toEqual(['Too early']);
    expect(byTestId(early, 'd').attrs['aria-invalid']).toBe('true');
    const late = render(<ui.DateInput {...props} value={{ year: 2100, month: 0, date: 1 }} />);
    expect(description(late, byTestId(late, 'd'))).toEqual(['Too late']);
    const fine = render(<ui.DateInput {...props} value={{ year: 2026, month: 0, date: 1 }} />);
    expect(byTestId(fine, 'd').attrs['aria-invalid']).toBeUndefined();
    // Its Today and Clear buttons name the field they act on.
    const names = fine.filter((e) => e.tag === 'button').map((e) => e.attrs['aria-label']);
    expect(names).toEqual(['Today: Decision date', 'Clear: Decision date']);
  });
});

describe('preview navigation and buttons', () => {
  it('ties each tab to its panel and keeps only the selected tab in the tab order', () => {
    const all = render(
      <ui.Tabs selected="b">
        <ui.Tab tabId="a" title="First">
          A
        </ui.Tab>
        <ui.Tab tabId="b" title="Second" tooltip="More" tooltipPlacement="bottom">
          B
        </ui.Tab>
      </ui.Tabs>,
    );
    const tabs = all.filter((element) => element.attrs.role === 'tab');
    const panels = all.filter((element) => element.attrs.role === 'tabpanel');
    expect(tabs.map((tab) => tab.attrs.tabindex)).toEqual(['-1', '0']);
    tabs.forEach((tab, index) => {
      expect(tab.attrs['aria-controls']).toBe(panels[index]!.attrs.id);
      expect(panels[index]!.attrs['aria-labelledby']).toBe(tab.attrs.id);
    });
    expect(tabs[1]!.attrs['data-tooltip-placement']).toBe('bottom');
  });

  it('names what an accordion controls', () => {
    const all = render(
      <ui.Accordion title="Group">
        <ui.Text>inside</ui.Text>
      </ui.Accordion>,
    );
    const toggle = all.find((element) => element.tag === 'button')!;
    expect(byId(all, toggle.attrs['aria-controls']!)?.text).toBe('inside');
  });

  it('gives a truncated button its full text as tooltip and pages of a table distinct names', () => {
    const button = render(
      <ui.Button truncate testId="b">
        Remove the rule with a very long name
      </ui.Button>,
    );
    expect(byTestId(button, 'b').attrs.title).toBe('Remove the rule with a very long name');
    const table = render(
      <ui.Table paginated pageCount={3} page={2} showFirstLastButtons onPageChange={() => {}}>
        <ui.TableBody>
          <ui.TableRow>
            <ui.TableCell colSpan={2} align="right">
              x
            </ui.TableCell>
          </ui.TableRow>
        </ui.TableBody>
      </ui.Table>,
    );
    const names = table.filter((e) => e.tag === 'button').map((e) => e.attrs['aria-label']);
    expect(names).toEqual([
      'First page',
      'Previous page',
      'Page 1',
      'Page 2',
      'Page 3',
      'Next page',
      'Last page',
    ]);
    expect(new Set(names).size).toBe(names.length);
    expect(table.find((e) => e.tag === 'td')!.attrs).toMatchObject({ colspan: '2' });
  });

  it('renders a sortable header as a button with aria-sort', () => {
    const all = render(
      <table>
        <thead>
          <tr>
            <ui.TableHeader sortDirection="ascending" onSortChange={() => {}}>
              Score
            </ui.TableHeader>
          </tr>
        </thead>
      </table>,
    );
    expect(all.find((e) => e.tag === 'th')!.attrs['aria-sort']).toBe('ascending');
    expect(all.some((e) => e.tag === 'button')).toBe(true);
  });

  it("shows a medium toggle's ON/OFF text and a removable status tag's named remove button", () => {
    const toggle = render(<ui.Toggle label="Decay" checked textChecked="An" textUnchecked="Aus" />);
    expect(toggle.find((e) => e.attrs.class === 'hs-toggle-text')?.text).toBe('An');
    const small = render(<ui.Toggle label="Decay" checked size="sm" />);
    expect(small.some((e) => e.attrs.class === 'hs-toggle-text')).toBe(false);
    const tag = render(
      <ui.StatusTag showRemoveIcon onRemoveClick={() => {}}>
        Jonas Wolf
      </ui.StatusTag>,
    );
    expect(tag.find((e) => e.tag === 'button')?.attrs['aria-label']).toBe('Remove Jonas Wolf');
  });
});
