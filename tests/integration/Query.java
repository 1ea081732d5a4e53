// Load an RDF file into an in-memory Apache Jena (ARQ) graph once and run every SPARQL query of a
// folder, writing Jena's own SPARQL JSON results. Compiled and started by run_jena.sh (which also builds
// the classpath from /usr/share/java); not part of the product.
//
// Usage: java Query DATA_FILE QUERIES_DIR RAW_DIR ERROR_DIR
// Writes RAW_DIR/<stem>.srj per query; a failing query writes ERROR_DIR/<stem>.error and makes the exit
// status 1. For TriG / N-Quads every graph is merged into the default graph (the union the other stores
// query too).
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.jena.graph.Graph;
import org.apache.jena.query.QueryExecution;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.ResultSet;
import org.apache.jena.query.ResultSetFormatter;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFLanguages;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;

public final class Query {
  public static void main(String[] args) throws IOException {
    if (args.length != 4) {
      System.err.println("usage: java Query DATA_FILE QUERIES_DIR RAW_DIR ERROR_DIR");
      System.exit(2);
    }
    String data = args[0];
    Path queriesDir = Paths.get(args[1]);
    Path rawDir = Paths.get(args[2]);
    Path errorDir = Paths.get(args[3]);

    long t0 = System.nanoTime();
    Lang lang = RDFLanguages.filenameToLang(data);
    if (lang == null) {
      System.err.println("run_jena: " + data + ": unknown RDF file extension");
      System.exit(1);
    }
    Model model = ModelFactory.createDefaultModel();
    try {
      if (RDFLanguages.isQuads(lang)) {
        DatasetGraph dsg = RDFDataMgr.loadDatasetGraph(data, lang);
        Graph g = model.getGraph();
        for (Iterator<Quad> it = dsg.find(); it.hasNext(); ) {
          g.add(it.next().asTriple()); // a Graph is a set: a triple in two graphs counts once
        }
      } else {
        RDFDataMgr.read(model, data, lang);
      }
    } catch (RuntimeException e) {
      System.err.println("run_jena: " + data + ": Jena could not load the file: " + e.getMessage());
      System.exit(1);
    }
    System.err.printf("run_jena: loaded %d triples in %.1fs%n", model.size(), (System.nanoTime() - t0) / 1e9);

    List<Path> queries = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(queriesDir, "*.rq")) {
      for (Path p : ds) queries.add(p);
    }
    Collections.sort(queries);
    if (queries.isEmpty()) {
      System.err.println("run_jena: " + queriesDir + ": no *.rq queries");
      System.exit(1);
    }
    int status = 0;
    for (Path q : queries) {
      String name = q.getFileName().toString();
      String stem = name.substring(0, name.length() - ".rq".length());
      Path raw = rawDir.resolve(stem + ".srj");
      try {
        String text = new String(Files.readAllBytes(q), StandardCharsets.UTF_8);
        org.apache.jena.query.Query query = QueryFactory.create(text);
        if (!query.isSelectType()) throw new IllegalArgumentException("not a SELECT query");
        try (QueryExecution qe = QueryExecutionFactory.create(query, model);
             OutputStream out = new FileOutputStream(raw.toFile())) {
          ResultSet rs = qe.execSelect();
          ResultSetFormatter.outputAsJSON(out, rs);
        }
      } catch (Exception e) {
        status = 1;
        Files.deleteIfExists(raw);
        String detail = String.valueOf(e.getMessage()).split("\n", 2)[0]; // not JavaCC's token list
        String msg = name + ": " + e.getClass().getSimpleName() + ": " + detail;
        System.err.println("run_jena: query failed: " + msg);
        Files.write(errorDir.resolve(stem + ".error"), (msg + "\n").getBytes(StandardCharsets.UTF_8));
      }
    }
    System.err.printf("run_jena: %d queries in %.1fs%n", queries.size(), (System.nanoTime() - t0) / 1e9);
    System.exit(status);
  }
}
