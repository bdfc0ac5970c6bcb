package arangodb

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
)

// Metric is one series of a server's metrics: a counter's, gauge's or
// untyped metric's value, or a histogram's buckets, sum and count.
type Metric struct {
	Name   string
	Type   string // counter, gauge, histogram, summary, untyped
	Help   string
	Labels map[string]string
	Value  float64            // counter, gauge, untyped
	Sum    float64            // histogram, summary
	Count  uint64             // histogram, summary
	Bucket map[string]float64 // histogram: upper bound ("le") to cumulative count; summary: quantile to value
}

// Metrics reads a server's metrics (GET /_admin/metrics, Prometheus text;
// with serverID a coordinator or DB server through a coordinator, CONTRACT.md
// §18) and parses them with the Prometheus project's text parser. keep
// selects metric families by name (nil keeps all). The series come sorted
// by name, then labels.
func (c *Client) Metrics(ctx context.Context, serverID string, keep func(name string) bool) ([]Metric, error) {
	r := Request{Method: http.MethodGet, Path: "/_admin/metrics"}
	if serverID != "" {
		r.Query, r.Hedge = url.Values{"serverId": {serverID}}, true
	} else {
		r.Ordered = true // one server's metrics, the same from plan to plan
	}
	resp, err := c.Do(ctx, r)
	if err != nil {
		return nil, err
	}
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(bytes.NewReader(resp.Body))
	if err != nil {
		return nil, fmt.Errorf("GET /_admin/metrics at %s: not Prometheus text: %w", resp.Endpoint, err)
	}
	var out []Metric
	for name, f := range families {
		if keep != nil && !keep(name) {
			continue
		}
		for _, m := range f.GetMetric() {
			out = append(out, metricOf(name, f, m))
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Name != out[j].Name {
			return out[i].Name < out[j].Name
		}
		return fmt.Sprint(sortedLabels(out[i].Labels)) < fmt.Sprint(sortedLabels(out[j].Labels))
	})
	return out, nil
}

func metricOf(name string, f *dto.MetricFamily, m *dto.Metric) Metric {
	out := Metric{Name: name, Help: f.GetHelp(), Labels: map[string]string{}}
	for _, l := range m.GetLabel() {
		out.Labels[l.GetName()] = l.GetValue()
	}
	switch f.GetType() {
	case dto.MetricType_COUNTER:
		out.Type, out.Value = "counter", m.GetCounter().GetValue()
	case dto.MetricType_GAUGE:
		out.Type, out.Value = "gauge", m.GetGauge().GetValue()
	case dto.MetricType_HISTOGRAM:
		h := m.GetHistogram()
		out.Type, out.Sum, out.Count, out.Bucket = "histogram", h.GetSampleSum(), h.GetSampleCount(), map[string]float64{}
		for _, b := range h.GetBucket() {
			out.Bucket[strconv.FormatFloat(b.GetUpperBound(), 'g', -1, 64)] = float64(b.GetCumulativeCount())
		}
	case dto.MetricType_SUMMARY:
		s := m.GetSummary()
		out.Type, out.Sum, out.Count, out.Bucket = "summary", s.GetSampleSum(), s.GetSampleCount(), map[string]float64{}
		for _, q := range s.GetQuantile() {
			out.Bucket[strconv.FormatFloat(q.GetQuantile(), 'g', -1, 64)] = q.GetValue()
		}
	default:
		out.Type, out.Value = "untyped", m.GetUntyped().GetValue()
	}
	return out
}

func sortedLabels(l map[string]string) []string {
	out := make([]string, 0, len(l))
	for k, v := range l {
		out = append(out, k+"="+v)
	}
	sort.Strings(out)
	return out
}
