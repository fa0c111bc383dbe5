// Package metrics holds the figures served at /metrics.
package metrics

import (
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics are the figures served at /metrics, in a registry of the
// handler's own.
type Metrics struct {
	registry *prometheus.Registry
	requests *prometheus.CounterVec
	latency  *prometheus.HistogramVec
	writes   *prometheus.CounterVec
	streams  prometheus.Gauge
	refused  *prometheus.CounterVec
	// research counts research answers computed, and refused by limit.
	research        prometheus.Counter
	researchRefused *prometheus.CounterVec
	// series keeps each request series' counter and histogram once
	// looked up, as a series key: finding them by label values on every
	// request cost more than counting. Its keys are bounded as the labels
	// are (routes of the table, seven methods, the status codes sent).
	series sync.Map
}

// seriesKey is one request series' labels; seriesOf, its figures.
type seriesKey struct {
	route, method string
	status        int
}

type seriesOf struct {
	count prometheus.Counter
	took  prometheus.Observer
}

// New registers the figures, with those of the database's pools (the
// store gives them as collectors, so that no pool leaves it).
func New(pools ...prometheus.Collector) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "unsc_http_requests_total",
			Help: "HTTP requests answered, by route, method and status."}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "unsc_http_request_duration_seconds",
			Help:    "Time to answer HTTP requests, by route and method.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5}}, []string{"route", "method"}),
		writes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "unsc_writes_total",
			Help: "Writes acknowledged, by kind."}, []string{"kind"}),
		streams: prometheus.NewGauge(prometheus.GaugeOpts{Name: "unsc_change_streams_open",
			Help: "Change streams open now."}),
		refused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "unsc_change_streams_refused_total",
			Help: "Change streams refused, by the limit reached: client or total."}, []string{"limit"}),
		research: prometheus.NewCounter(prometheus.CounterOpts{Name: "unsc_research_computed_total",
			Help: "Research answers computed: those served from the cache or shared with an identical request are not counted."}),
		researchRefused: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "unsc_research_refused_total",
			Help: "Research requests refused, by the limit reached: client (429) or busy (503)."}, []string{"limit"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.writes, m.streams, m.refused, m.research, m.researchRefused,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.registry.MustRegister(pools...)
	return m
}

// Observe records one answered request; kind names a write route.
func (m *Metrics) Observe(c *gin.Context, kind string, took time.Duration) {
	route := c.FullPath()
	if route == "" {
		route = "unmatched"
	}
	status := c.Writer.Status()
	key := seriesKey{route, methodLabel(c.Request.Method), status}
	v, ok := m.series.Load(key)
	if !ok {
		v, _ = m.series.LoadOrStore(key, &seriesOf{count: m.requests.WithLabelValues(key.route, key.method, strconv.Itoa(status)),
			took: m.latency.WithLabelValues(key.route, key.method)})
	}
	s := v.(*seriesOf)
	s.count.Inc()
	s.took.Observe(took.Seconds())
	if kind != "" && status >= 200 && status < 300 {
		m.writes.WithLabelValues(kind).Inc()
	}
}

// StreamOpened counts a change stream opened; call the function it
// returns when the stream ends.
func (m *Metrics) StreamOpened() (closed func()) {
	m.streams.Inc()
	return m.streams.Dec
}

// StreamRefused counts a change stream refused at limit: "client" or
// "total".
func (m *Metrics) StreamRefused(limit string) { m.refused.WithLabelValues(limit).Inc() }

// ResearchComputed counts a research answer computed.
func (m *Metrics) ResearchComputed() { m.research.Inc() }

// ResearchRefused counts a research request refused at limit: "client"
// or "busy".
func (m *Metrics) ResearchRefused(limit string) { m.researchRefused.WithLabelValues(limit).Inc() }

// Serve answers /metrics.
func (m *Metrics) Serve(c *gin.Context) {
	promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{}).ServeHTTP(c.Writer, c.Request)
}

// methodLabel folds every method the routes do not use into "other": a
// client may send any token as a method, and each label value is a series
// kept for the life of the process.
func methodLabel(method string) string {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions:
		return method
	}
	return "other"
}
